from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "cypp.voice"
    verbose_name = "Voice: surveys, safeguarding, themes and \u201cyou said, we did\u201d"
