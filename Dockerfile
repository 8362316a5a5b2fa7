# syntax=docker/dockerfile:1
# copilot-gateway image. Two stages: `build` has the toolchain better-sqlite3 needs when no
# prebuilt binary can be fetched, packs the npm tarball and installs it exactly as a user's
# `npm install -g` would; `runtime` is the slim image with that install, run as the unprivileged
# `node` user. scripts/check-container.mjs runs this runtime stage's commands without Docker.
#
# Node 20 on Debian 12, pinned by digest with its tag beside it. To move to a newer image:
#   docker buildx imagetools inspect node:20-bookworm-slim   (then replace the digest)
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
# Only what the build needs: TypeScript. --ignore-scripts: no agent CLI binaries, no native build here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json README.md config.schema.json ./
COPY scripts ./scripts
COPY contrib ./contrib
COPY src ./src
RUN npm run build && npm pack --ignore-scripts --pack-destination /tmp
# The runtime install: production dependencies only, better-sqlite3 compiled (or its prebuilt fetched).
RUN npm install -g --prefix /opt/copilot-gateway --no-audit --no-fund /tmp/copilot-gateway-*.tgz \
 && /opt/copilot-gateway/bin/copilot-gateway --version

FROM ${NODE_IMAGE} AS runtime
COPY --from=build /opt/copilot-gateway /opt/copilot-gateway
# V8's young generation capped at 2 × 2 MB (default: grows to 2 × 16 MB under load): about 30 MB
# less RSS with 100 open streams, for up to ~10 % more CPU (docs/hardening.md).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=2 \
    PATH=/opt/copilot-gateway/bin:$PATH \
    COPILOT_GATEWAY_HOME=/data \
    HOST=0.0.0.0 \
    PORT=4141 \
    COPILOT_GATEWAY_COMMAND="docker compose run --rm gateway"
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
WORKDIR /data
VOLUME ["/data"]
EXPOSE 4141
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4141)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, no shell: the gateway is PID 1 and gets SIGTERM from `docker stop` itself.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/copilot-gateway/bin/copilot-gateway"]
CMD ["start"]
