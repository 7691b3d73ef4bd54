from django.apps import AppConfig


class MailingListConfig(AppConfig):
    name = "mailing_list"
    verbose_name = "Recruitment mailing list"
