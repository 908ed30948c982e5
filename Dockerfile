# Deskwire server image: `deskwire serve` on port 8787. Reference deployment: docs/deploy.md.
# Build:  docker build -t deskwire .
# Run:    docker run --rm -p 127.0.0.1:8787:8787 deskwire serve --host 0.0.0.0 --port 8787 --demo --demo-public
#         (arguments replace CMD, so --host 0.0.0.0 is needed to be reachable through the published port). The demo's
#         keys are published, so they answer loopback callers only; through -p the caller is Docker's bridge, hence
#         --demo-public (or -e DESKWIRE_DEMO_PUBLIC=true), which warns at every start: publish on 127.0.0.1 only, as
#         here. Production: no --demo, and DESKWIRE_SIGNING_KEY_FILE from a secret (docs/deploy.md).

# --- build: compile TypeScript and better-sqlite3's native addon, then drop dev dependencies ---
FROM node:20-bookworm-slim AS build
# better-sqlite3 builds from source against Node's headers (no prebuilt download on air-gapped builders).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Manifests first, so the dependency layer is cached until a package.json or the lockfile changes.
COPY package.json package-lock.json ./
COPY packages/wire/package.json packages/wire/
COPY packages/server/package.json packages/server/
COPY packages/client/package.json packages/client/
COPY packages/console/package.json packages/console/
COPY packages/cli/package.json packages/cli/
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.base.json ./
COPY packages packages
RUN npm run build && npm prune --omit=dev

# --- runtime: the built workspace, no compilers, unprivileged ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DESKWIRE_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages packages
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# Liveness only; orchestrators should gate traffic on /readyz, which checks every backend.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "packages/cli/dist/bin.js"]
# Listen on every interface inside the container; the default (127.0.0.1) would be unreachable.
CMD ["serve", "--host", "0.0.0.0", "--port", "8787"]
