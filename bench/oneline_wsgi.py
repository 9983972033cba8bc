"""The page benchmark's WSGI entry (bench/pages.py): answers ``ONE_LINE_PATH`` itself, the
ceiling of gunicorn and the client, and passes every other request to the portal."""

from portal.wsgi import application as portal

ONE_LINE_PATH = "/bench/one-line/"


def application(environ, start_response):
    if environ.get("PATH_INFO") == ONE_LINE_PATH:
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    return portal(environ, start_response)
