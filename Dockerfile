# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
# collectstatic needs settings that load; these values exist only for this step.
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/unused.sqlite3 REDIS_URL=redis://localhost:6379/0 \
    EMAIL_URL=smtp://localhost:25 STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --no-input

# Celery warns when run as root, and nothing here needs root.
RUN useradd --create-home --uid 10001 toex && mkdir -p /app/var && chown -R toex /app/var
USER toex
ENV STATIC_ROOT=/app/staticfiles
EXPOSE 8000
CMD ["gunicorn", "toex_recruit.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket", "--access-logfile", "-"]
