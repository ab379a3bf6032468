from django.db import migrations


def load(apps, schema_editor):
    from uso.network.services import load_municipalities

    load_municipalities(
        region_model=apps.get_model("network", "Region"),
        municipality_model=apps.get_model("network", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
