"""Django (Debian's python3-django, psycopg2 backend) against a real node:
makemigrations and migrate of contrib.auth and an app of ours, then the
ORM's everyday queries — aggregates over joins, JSON lookups, window
functions, upserts, F() updates, many-to-many, pagination, cascades and
introspection. Expected values are what the same script gives against
PostgreSQL 15."""
import subprocess
import sys
import textwrap

import psycopg
import pytest

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(180):
        yield


MODELS = """
from django.db import models

class Customer(models.Model):
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)
    settings = models.JSONField(default=dict)
    class Meta:
        app_label = 'shop'

class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name='orders')
    total = models.DecimalField(max_digits=10, decimal_places=2)
    status = models.CharField(max_length=10, default='new', db_index=True)
    placed = models.DateField(null=True)
    class Meta:
        app_label = 'shop'
        indexes = [models.Index(fields=['customer', '-placed'])]
        constraints = [models.CheckConstraint(check=models.Q(total__gte=0), name='total_nonneg')]
"""

SCRIPT = """
import sys, django
from django.conf import settings
settings.configure(
    DATABASES={'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'djdb',
                           'USER': 'shardforge', 'HOST': '127.0.0.1', 'PORT': int(sys.argv[1])}},
    INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth', 'shop'],
    USE_TZ=True, DEFAULT_AUTO_FIELD='django.db.models.BigAutoField')
django.setup()
from decimal import Decimal
from django.core.management import call_command
from django.db import connection, transaction, IntegrityError
from django.db.models import Count, F, Sum, Window
from django.db.models.functions import RowNumber
call_command('makemigrations', 'shop', verbosity=0)
call_command('migrate', verbosity=0)
from django.contrib.auth.models import Group, Permission, User
from shop.models import Customer, Order
c1 = Customer.objects.create(email='a@x.com', name='A', settings={'theme': 'dark'})
c2 = Customer.objects.create(email='b@x.com', name='B')
Order.objects.bulk_create([Order(customer=c1, total=Decimal('10.50'), placed='2024-01-01'),
                           Order(customer=c1, total=Decimal('5')),
                           Order(customer=c2, total=Decimal('7.25'), status='paid')])
print(list(Customer.objects.annotate(n=Count('orders'), s=Sum('orders__total'))
           .order_by('email').values_list('email', 'n', 's')))
print(list(Customer.objects.filter(settings__theme='dark').values_list('name', flat=True)))
print(list(Order.objects.annotate(rn=Window(RowNumber(), partition_by=[F('customer')],
                                            order_by=F('total').desc()))
           .order_by('customer_id', 'rn').values_list('customer__name', 'total', 'rn')))
try:
    with transaction.atomic():
        Customer.objects.create(email='a@x.com', name='dup')
except IntegrityError:
    print('IntegrityError')
obj, created = Customer.objects.update_or_create(email='b@x.com', defaults={'name': 'B2'})
print(obj.name, created)
Order.objects.filter(status='new').update(total=F('total') + 1)
print(sorted(str(x) for x in Order.objects.values_list('total', flat=True)))
u = User.objects.create_user('bob', 'bob@x.com', 'pw')
g = Group.objects.create(name='g')
u.groups.add(g)
g.permissions.add(*Permission.objects.filter(codename__startswith='add_').order_by('id')[:3])
print(User.objects.filter(groups__name='g').count(), g.permissions.count())
print(list(Order.objects.order_by('id')[1:3].values_list('total', flat=True)))
c1.delete()
print(Order.objects.count())
with connection.cursor() as cur:
    print(sorted(connection.introspection.table_names(cur))[:5])
    print(sorted(connection.introspection.get_constraints(cur, 'shop_order')))
"""

EXPECTED = textwrap.dedent("""\
    [('a@x.com', 2, Decimal('15.50')), ('b@x.com', 1, Decimal('7.25'))]
    ['A']
    [('A', Decimal('10.50'), 1), ('A', Decimal('5.00'), 2), ('B', Decimal('7.25'), 1)]
    IntegrityError
    B2 False
    ['11.50', '6.00', '7.25']
    1 3
    [Decimal('6.00'), Decimal('7.25')]
    1
    ['auth_group', 'auth_group_permissions', 'auth_permission', 'auth_user', 'auth_user_groups']
    """)


def test_django_migrate_and_orm(running, tmp_path):
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE djdb")
    app = tmp_path / "shop"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text(MODELS)
    (tmp_path / "run.py").write_text(SCRIPT)
    r = subprocess.run([sys.executable, "run.py", str(running.sql_port)], cwd=tmp_path,
                       capture_output=True, text=True, timeout=150)
    assert r.returncode == 0, r.stderr[-3000:]
    lines = r.stdout.splitlines()
    assert "\n".join(lines[:-1]) + "\n" == EXPECTED
    # the constraints Django finds (as against PostgreSQL): pk, fk, check, the
    # foreign key's index, status's index and its varchar_pattern_ops twin, Meta's index
    cons = eval(lines[-1])  # a list of names printed by the script
    assert cons == ["shop_order_custome_6951b5_idx", "shop_order_customer_id_f638df20",
                    "shop_order_customer_id_f638df20_fk_shop_customer_id", "shop_order_pkey",
                    "shop_order_status_16691b37", "shop_order_status_16691b37_like",
                    "total_nonneg"], cons
