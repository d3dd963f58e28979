"""A database from before the mailbox duty: the units that already registered letters are given it
(信箱信件登记交办单位), so that they go on registering letters after the upgrade."""

from django.db import migrations

from fazhi.core.appmoves import give_duty_to_holders


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_initial"),
        ("core", "0005_approvalrequest_unitduty"),
    ]

    operations = [
        give_duty_to_holders("letters.Letter", "registrar", "letters.receiver"),
    ]
