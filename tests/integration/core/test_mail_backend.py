"""The embedded default's email backend: the file gets the message, the console one line."""

from django.core.mail import EmailMessage

from core.mail import FileAndConsoleEmailBackend, quiet_console


def _send(tmp_path, subject):
    backend = FileAndConsoleEmailBackend(file_path=str(tmp_path))
    backend.send_messages(
        [EmailMessage(subject, "Body with a link https://x.example/", to=["a@b.example"])]
    )


def test_each_email_is_one_console_line_and_a_whole_file(tmp_path, capsys):
    _send(tmp_path, "Confirm your email address")

    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "Email to a@b.example: 'Confirm your email address'" in out
    [written] = list(tmp_path.iterdir())
    assert "Body with a link" in written.read_text()


def test_quiet_console_counts_instead_of_printing(tmp_path, capsys):
    with quiet_console() as mail:
        _send(tmp_path, "One")
        _send(tmp_path, "Two")

    assert capsys.readouterr().out == ""
    assert mail.count == 2
    written = "".join(path.read_text() for path in tmp_path.iterdir())
    assert "Subject: One" in written and "Subject: Two" in written
