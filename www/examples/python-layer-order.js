// Python, two ways of ordering the same four steps. Only the order differs:
// in the first, any edit in the project reinstalls every dependency.

const requirements = "flask==3.0.3\ngunicorn==22.0.0\npsycopg[binary]==3.2.1\n";
const app = `from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return {"status": "ok"}
`;
const context = {
  "requirements.txt": { t: requirements },
  "app.py": { t: app },
  "README.md": { t: "# orders\n\nA tiny Flask service.\n" },
  "tests/test_app.py": { t: "from app import app\n\n\ndef test_index():\n    assert app.test_client().get('/').status_code == 200\n" },
  ".dockerignore": { t: ".git\n__pycache__/\n*.pyc\n.venv/\n" },
};

export const pythonBad = {
  id: "python-order-bad",
  title: "Python: dependencies after the code (slow)",
  lesson:
    "COPY . . comes before pip install, so the install's cache key includes every file of the project. " +
    "Fix a typo in app.py or the README and pip downloads and builds everything again. " +
    "Try it: edit app.py, and watch the Layers panel.",
  tryEdit: "app.py",
  files: {
    ...context,
    Dockerfile: {
      t: `FROM python:3.12-slim
WORKDIR /app

# The whole project first: any edit anywhere invalidates the next step.
COPY . .
RUN pip install --no-cache-dir -r requirements.txt

CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`,
    },
  },
};

export const pythonGood = {
  id: "python-order-good",
  title: "Python: dependencies first (fast)",
  lesson:
    "Only requirements.txt is copied before pip install, so the install is reused until the dependency list changes. " +
    "The code is copied last, because it changes most. Edit app.py: only the last COPY runs again.",
  tryEdit: "app.py",
  files: {
    ...context,
    ".dockerignore": { t: ".git\n__pycache__/\n*.pyc\n.venv/\nDockerfile\n.dockerignore\n" },
    Dockerfile: {
      t: `FROM python:3.12-slim
WORKDIR /app

# Rarely changes: the dependency list alone, then the install.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# Changes all the time: the code, last. (.dockerignore keeps the
# Dockerfile itself out, so editing it does not re-copy everything.)
COPY . .

RUN useradd --system --uid 10001 app
USER 10001
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`,
    },
  },
};
