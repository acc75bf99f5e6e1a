# Gunicorn's settings for the outreach site (README, "Deployment"): `gunicorn -c gunicorn.conf.py outreach.wsgi`.
# Anything here can be overridden on the command line; the worker count by WEB_CONCURRENCY as usual.
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30
graceful_timeout = 20
# Behind nginx on the same machine: trust its X-Forwarded-Proto only from there.
forwarded_allow_ips = "127.0.0.1,::1"

# Logs to stdout/stderr (systemd's journal), with no client address anywhere: the access log's format leaves out
# %(h)s and the query string (search terms are residents' words), and the logger class strips addresses gunicorn
# writes into error messages ("Invalid request from ip=...").
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s'
logger_class = "outreach.gunicorn_logging.AddresslessLogger"
