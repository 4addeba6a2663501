# Production image: gunicorn serves the web, the same image runs the django-q2 worker.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=cms.settings.production

# Pango/HarfBuzz and Noto CJK for WeasyPrint's Chinese PDFs (libharfbuzz-subset0: ~5x faster PDFs).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python scripts/compile_locale.py
# collectstatic needs settings that import; the real secrets arrive at run time.
RUN SECRET_KEY=build FIELD_ENCRYPTION_KEY=ZmFrZS1idWlsZC1rZXktZmFrZS1idWlsZC1rZXktMDA= \
    PERSONAL_DATA_HMAC_KEY=build ALLOWED_HOSTS=build python manage.py collectstatic --noinput

RUN useradd --create-home app && mkdir -p /app/media && chown app /app/media
USER app
EXPOSE 8000
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "cms.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "60", "--access-logfile", "-"]
