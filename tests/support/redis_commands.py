"""Which Redis commands a block of code sends: the real commands run, their names are kept.

For tests that count round trips (a self-check page makes one): ``redis_commands(monkeypatch)``
returns the list that each command's name is appended to from then on.
"""

import redis


def redis_commands(monkeypatch) -> list[str]:
    commands: list[str] = []
    real_execute = redis.Redis.execute_command

    def counting(self, *args, **options):
        commands.append(args[0])
        return real_execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return commands
