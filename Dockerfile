# One image for the API and the worker (docker-compose.yml runs it with two commands).
# The worker converts DOCX to PDF with LibreOffice; DejaVu fonts cover Kazakh Cyrillic
# (ә ғ қ ң ө ұ ү һ і) so converted documents keep every letter.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    DEBIAN_FRONTEND=noninteractive \
    NPM_CONFIG_UPDATE_NOTIFIER=false

RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# `prisma generate` needs no schema engine, but the CLI insists the variable names an existing file;
# our WebAssembly engine bridge is that file, so nothing is downloaded from outside the registry.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/app/scripts/prisma-schema-engine PRISMA_HIDE_UPDATE_MESSAGE=1 npx prisma generate

# Runs as the image's unprivileged `node` user; only the data folder is writable.
RUN mkdir -p /var/lib/erdr && chown node:node /var/lib/erdr
USER node
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/erdr \
    HOME=/home/node
EXPOSE 3000

CMD ["node", "--import", "tsx", "app/run-api.ts"]
