# syntax=docker/dockerfile:1
# 申报助手 (shenbao): build stage compiles dist/ and prunes dev dependencies; the runtime stage
# holds only dist/, the production node_modules and the guide data, and runs as the `node` user.
#   docker build -t shenbao .
#   docker run -d --name shenbao --env-file .env -v shenbao-data:/data -p 8080:8080 shenbao
# A channel (Telegram or Lark) must be configured: without one (and no terminal) it exits 2 naming the settings.

# Node 22 LTS (supported until April 2027); the code also runs on Node 24 and, on development machines, Node 20.
FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; these build it from source when none fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# node-gyp builds against the image's own Node headers (in /usr/local), with nothing to download.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY scripts ./scripts
COPY rules ./rules
COPY handlers ./handlers
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/run.mjs ./scripts/run.mjs
COPY --from=build /app/rules/guides ./rules/guides
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /healthz (readiness) answers 200 once the channels are up (503 while starting, stopping or
# reconnecting, or when the store cannot write); /livez (liveness) answers 200 while the process serves.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "scripts/run.mjs", "main"]
