# The API image. The web client is static files and is deployed on its own.
FROM python:3.11-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY api ./api
COPY migrations ./migrations
COPY alembic.ini ./
RUN uv sync --frozen --no-dev

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 trellis
WORKDIR /app
COPY --from=build --chown=trellis:trellis /app /app
ENV PATH=/app/.venv/bin:$PATH \
    TRELLIS_ENVIRONMENT=production \
    PYTHONUNBUFFERED=1
USER trellis
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
# Migrations run as a separate step (`trellis migrate`) before new versions start.
CMD ["trellis", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
