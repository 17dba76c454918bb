// The Dockerfile the playground opens on. It builds and it runs, and it makes
// the mistakes "Docker in Production" warns about; each comment names one.
export const EXAMPLE_DOCKERFILE = `# syntax=docker/dockerfile:1
# A first Dockerfile for a small Flask app. It works; it is also slow to
# rebuild, large, and runs as root. The comments say why.

# "latest" moves under you, and the full image is ~1 GB:
# pin a slim tag (python:3.12-slim) instead.
FROM python:latest

# MAINTAINER is deprecated: a label says the same and tools can read it.
MAINTAINER dev@example.com

WORKDIR /app

# Two layers: the package lists are cached on their own and go stale;
# the install pulls in recommended packages; the lists stay in the image.
RUN apt-get update
RUN apt-get install -y gcc libpq-dev

# The whole build context before the dependency install: editing any file
# (a README, a test) reruns pip. Copy requirements.txt first, the code last.
COPY . .
RUN pip install -r requirements.txt

ENV FLASK_APP=app.py
EXPOSE 5000

# No USER: the app runs as root. Shell form: signals reach /bin/sh,
# not the app, so "docker stop" waits ten seconds and kills it.
CMD flask run --host=0.0.0.0
`;
