# syntax=docker/dockerfile:1
# Every Gatehouse app from one workspace build: install with the frozen lockfile, build with
# turbo, then one slim image per app from `pnpm deploy` (its production dependencies only).
# Targets: gateway, auth, registry-agent, stats-worker. Adding an app is one `pnpm deploy` line in `build`
# and one small target at the end. Build steps are rehearsed without Docker by
# scripts/docker-rehearse.mjs (see README.md, "Docker").

ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG PNPM_VERSION=10.34.8

FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION
ENV CI=true TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /repo
# Dependencies first, from the lockfile alone, so source edits reuse this layer.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN pnpm turbo run build --filter=@gatehouse/gateway... --filter=@gatehouse/auth... --filter=@gatehouse/registry-agent... --filter=@gatehouse/stats-worker...
RUN pnpm --filter=@gatehouse/gateway --prod deploy --legacy out/gateway \
 && pnpm --filter=@gatehouse/auth --prod deploy --legacy out/auth \
 && pnpm --filter=@gatehouse/registry-agent --prod deploy --legacy out/registry-agent \
 && pnpm --filter=@gatehouse/stats-worker --prod deploy --legacy out/stats-worker

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# /data: the app's state; /node: a gateway read node's own copy (docker-compose.yml). A named
# volume mounted on an existing directory takes its owner, so the node user can write there.
RUN mkdir -p /data /node && chown node:node /data /node
WORKDIR /app
USER node

FROM runtime AS gateway
COPY --from=build --chown=node:node /repo/out/gateway /app
COPY --chown=node:node deploy/compose/gateway /app/compose-seed
EXPOSE 9090 10080
CMD ["node", "dist/main.js"]

FROM runtime AS auth
COPY --from=build --chown=node:node /repo/out/auth /app
EXPOSE 8081
CMD ["node", "dist/main.js"]

FROM runtime AS registry-agent
COPY --from=build --chown=node:node /repo/out/registry-agent /app
EXPOSE 7070
CMD ["node", "node_modules/@gatehouse/registry/dist/agent/main.js"]

FROM runtime AS stats-worker
COPY --from=build --chown=node:node /repo/out/stats-worker /app
EXPOSE 9100
CMD ["node", "dist/main.js"]
