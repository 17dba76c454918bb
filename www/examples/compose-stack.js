// An app with a PostgreSQL database and a Redis cache: health-gated start,
// the password from .env instead of the file, named volumes for state, and
// only the app's port published.

export const composeStack = {
  id: "compose-stack",
  title: "Compose: app, database and cache",
  lesson:
    "The app waits for the database to be healthy, not just started. The password comes from .env, " +
    "the database and the cache keep their data in named volumes, and neither publishes a port to the host: " +
    "the app reaches them by service name on the private network.",
  files: {
    "compose.yaml": {
      t: `services:
  app:
    build:
      context: .
      target: runtime
    ports:
      - "3000:3000"
    environment:
      DATABASE_URL: postgres://shop:\${DB_PASSWORD:?set it in .env}@db:5432/shop
      REDIS_URL: redis://cache:6379
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
    restart: unless-stopped
    networks: [backend]

  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_DB: shop
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: \${DB_PASSWORD:?set it in .env}
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U shop"]
      interval: 10s
      timeout: 5s
      retries: 5
    restart: unless-stopped
    networks: [backend]

  cache:
    image: redis:7-alpine
    command: ["redis-server", "--appendonly", "yes"]
    volumes:
      - cache-data:/data
    restart: unless-stopped
    networks: [backend]

volumes:
  db-data:
  cache-data:

networks:
  backend:
`,
    },
    ".env": { t: "DB_PASSWORD=change-me-locally\n" },
    ".dockerignore": { t: ".env\n.git\nnode_modules\n" },
    Dockerfile: {
      t: `FROM node:22-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY src/ ./src/
RUN npm run build

FROM node:22-alpine AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --from=build /app/dist ./dist
USER 1000
EXPOSE 3000
CMD ["node", "dist/server.js"]
`,
    },
    "package.json": { t: '{ "name": "shop", "private": true, "scripts": { "build": "node build.js" } }\n' },
    "package-lock.json": { s: 52311, h: "lock-shop-1" },
    "src/server.js": { t: "require('http').createServer((q, r) => r.end('ok')).listen(3000);\n" },
  },
};
