"""Events the vacancies app emits for other apps (the mailing list consumes them).

``vacancy_published`` is sent by ``vacancies.services.vacancy_publish`` *inside*
the publishing transaction, once per publication (draft -> published); never
for an edit of an advert that is already published. Keyword argument:
``vacancy`` (the Vacancy, status already PUBLISHED, published_at set).

Receivers must only write rows (an outbox/job row with an idempotency key), so
that what they write commits or rolls back with the publication. They must not
send email or call any service; work that follows is queued by them with
``transaction.on_commit``. Replaying the event must create nothing new.
"""

from django.dispatch import Signal

vacancy_published = Signal()
