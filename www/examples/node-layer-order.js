// Node, bad vs good layer order: the manifest and lock file before the
// install, the sources after it.

const packageJson = `{
  "name": "shop-api",
  "version": "1.0.0",
  "private": true,
  "scripts": { "start": "node src/server.js", "build": "node scripts/build.js" },
  "dependencies": { "express": "4.19.2" }
}
`;
const context = {
  "package.json": { t: packageJson },
  "package-lock.json": { s: 48213, h: "lock-1" },
  "src/server.js": {
    t: `const express = require("express");
const app = express();
app.get("/health", (req, res) => res.json({ ok: true }));
app.listen(3000);
`,
  },
  "src/routes.js": { t: "module.exports = [];\n" },
  "README.md": { t: "# shop-api\n" },
  ".dockerignore": { t: "node_modules\n.git\nnpm-debug.log\n" },
};

export const nodeBad = {
  id: "node-order-bad",
  title: "Node: npm install after COPY . . (slow)",
  lesson:
    "Every source edit reaches npm install through COPY . ., so the packages are downloaded again on every build. " +
    "npm install also ignores the lock file's exact tree; npm ci does not.",
  tryEdit: "src/server.js",
  files: {
    ...context,
    Dockerfile: {
      t: `FROM node:20
WORKDIR /app
COPY . .
RUN npm install
EXPOSE 3000
CMD npm start
`,
    },
  },
};

export const nodeGood = {
  id: "node-order-good",
  title: "Node: lock file first, npm ci (fast)",
  lesson:
    "package.json and package-lock.json are copied alone, npm ci installs exactly the locked tree (with npm's cache in a " +
    "BuildKit cache mount, outside the image), and the sources come last. " +
    "Edit src/server.js: the install stays cached.",
  tryEdit: "src/server.js",
  files: {
    ...context,
    Dockerfile: {
      t: `FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
COPY src/ ./src/
# The image's "node" user, by number so any runtime can check it is not root.
USER 1000
EXPOSE 3000
CMD ["node", "src/server.js"]
`,
    },
  },
};
