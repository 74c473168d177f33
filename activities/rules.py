"""Each activities model is changed and deleted within its owners (see
brsportal/ownership.py); the model permission itself still comes from the user's
groups (brsportal/roles.py)."""

from django.apps import apps

from brsportal.ownership import register_record_rules

register_record_rules(apps.get_app_config("activities"))
