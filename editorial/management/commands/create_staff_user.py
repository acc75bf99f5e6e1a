import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from editorial.roles import EDITORS, TRANSLATORS

ROLES = {"editor": EDITORS, "translator": TRANSLATORS}


class Command(BaseCommand):
    help = "Create a staff account in one of the roles: an outreach editor or a translator."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of prompting (for scripts).",
        )

    def handle(self, *args, username, role, email, password_from_env, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        user = user_model(username=username, email=email, is_staff=True)
        password = self.read_password(password_from_env)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(
            self.style.SUCCESS(f"Created {role} {username!r}. They can sign in at {reverse('admin:index')}.")
        )

    def read_password(self, variable):
        if variable:
            password = os.environ.get(variable)
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return password
