"""Each decisions model is changed and deleted within its owners (see
brsportal/ownership.py)."""

from django.apps import apps

from brsportal.ownership import register_record_rules

register_record_rules(apps.get_app_config("decisions"))
