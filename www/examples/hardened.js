// A Dockerfile that passes the hardening checklist: pinned base, no root,
// exec-form CMD, a health check, nothing secret in ENV or ARG.

export const hardened = {
  id: "hardened",
  title: "A hardened Dockerfile",
  lesson:
    "Pinned base tag, dependencies installed without scripts (npm's cache in a cache mount, never in the image), " +
    "files owned by an unprivileged user with a fixed uid, " +
    "a HEALTHCHECK, and an exec-form CMD so signals reach the process. Open the Hardening panel: no item fails. " +
    "Then delete the USER line and see what the checks say.",
  files: {
    "package.json": {
      t: `{
  "name": "payments",
  "private": true,
  "dependencies": { "express": "4.19.2" }
}
`,
    },
    "package-lock.json": { s: 30122, h: "lock-pay-1" },
    "server.js": { t: 'require("express")().get("/health", (_q, r) => r.send("ok")).listen(3000);\n' },
    "healthcheck.js": {
      t: 'require("http").get("http://127.0.0.1:3000/health", (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1));\n',
    },
    ".dockerignore": { t: "node_modules\n.git\n.env\ntests/\ndocs/\n" },
    Dockerfile: {
      t: `# syntax=docker/dockerfile:1
FROM node:22.11-alpine3.20

RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
WORKDIR /app

COPY --chown=10001:10001 package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts

COPY --chown=10001:10001 server.js healthcheck.js ./

ENV NODE_ENV=production PORT=3000
EXPOSE 3000
USER 10001

HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \\
  CMD ["node", "healthcheck.js"]
CMD ["node", "server.js"]
`,
    },
  },
};
