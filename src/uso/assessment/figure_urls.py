app_name = "figures"

urlpatterns: list = []
