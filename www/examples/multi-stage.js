// One stage that ships the compiler and the dev dependencies, against three
// stages where the runtime image receives only what it runs.

const context = {
  "package.json": {
    t: `{
  "name": "dashboard",
  "private": true,
  "scripts": { "build": "tsc -p ." },
  "dependencies": { "fastify": "4.28.1" },
  "devDependencies": { "typescript": "5.5.4" }
}
`,
  },
  "package-lock.json": { s: 91544, h: "lock-dash-1" },
  "tsconfig.json": { t: '{ "compilerOptions": { "outDir": "dist", "target": "es2022" } }\n' },
  "src/server.ts": { t: 'import Fastify from "fastify";\nFastify().listen({ port: 3000, host: "0.0.0.0" });\n' },
  "public/index.html": { t: "<!doctype html><title>Dashboard</title>\n" },
  "docs/design.pdf": { s: 4_800_000, h: "design-v3" },
  ".dockerignore": { t: "node_modules\n.git\ndocs/\n" },
};

export const singleStage = {
  id: "single-stage",
  title: "Node: single stage (big image)",
  lesson:
    "The image that runs the app also carries TypeScript, the dev dependencies, the sources and npm's cache: " +
    "hundreds of megabytes that are pulled on every deploy and widen the attack surface.",
  files: {
    ...context,
    Dockerfile: {
      t: `FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
RUN npm run build
CMD ["node", "dist/server.js"]
`,
    },
  },
};

export const multiStage = {
  id: "multi-stage",
  title: "Node: multi-stage (small image)",
  lesson:
    "A deps stage installs production packages, a build stage compiles, and the runtime stage copies only " +
    "node_modules and dist/. Switch the target to \"build\" and the runtime stage is skipped; the stage graph shows why.",
  files: {
    ...context,
    Dockerfile: {
      t: `# syntax=docker/dockerfile:1
FROM node:22-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:22-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json ./
COPY src/ ./src/
RUN npm run build

FROM node:22-alpine AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY public/ ./public/
USER 1000
EXPOSE 3000
CMD ["node", "dist/server.js"]
`,
    },
  },
};
