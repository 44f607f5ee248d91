# Production image: gunicorn serving Django, static files through WhiteNoise.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
RUN mkdir -p static/vendor/utrecht static/vendor/htmx \
 && cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht/component-library.css \
 && cp node_modules/@utrecht/design-tokens/dist/theme.css static/vendor/utrecht/design-tokens.css \
 && cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/htmx.min.js

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=basisbaan.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
COPY --from=assets /app/static/vendor static/vendor
RUN for po in locale/*/LC_MESSAGES/django.po; do msgfmt -o "${po%.po}.mo" "$po"; done \
 && SECRET_KEY=build ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 10001 basisbaan \
 && mkdir -p /app/media/private && chown -R basisbaan /app/media
USER basisbaan
EXPOSE 8000
# --timeout 120: a workbook of 20,000 rows is checked and imported within the request.
CMD ["gunicorn", "basisbaan.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
