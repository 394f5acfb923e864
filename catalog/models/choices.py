"""The closed vocabularies of the catalog. Each is backed by a CheckConstraint on the fields that use it
(`base.choices_constraint`): choices alone don't constrain data."""

from django.db import models


class Support(models.TextChoices):
    """Tri-state: a capability we have not sourced is not a capability the model lacks."""

    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not yet sourced"


class Purpose(models.TextChoices):
    CHAT = "chat", "Chat and instruction following"
    CODE = "code", "Code generation"
    SAFETY_CLASSIFIER = "safety_classifier", "Safety classifier"
    EMBEDDING = "embedding", "Embeddings"
    RERANKER = "reranker", "Reranker"
    BASE = "base", "Base (pre-trained) model"


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    PDF = "pdf", "PDF"


class ProviderKind(models.TextChoices):
    """What a provider's price is. Only a pay-as-you-go API's price is one anyone can pay per token: the
    others are listed apart and never set a model's price (see `Offering.is_eligible`)."""

    PAY_AS_YOU_GO = "pay_as_you_go", "Pay-as-you-go API"
    FREE_TIER = "free_tier", "Free tier or trial"
    SUBSCRIPTION = "subscription", "Subscription"
    LOCAL = "local", "Local runtime"
    ROUTER = "router", "Router or gateway"


class Verification(models.TextChoices):
    SELF_REPORTED = "self_reported", "Self-reported"
    INDEPENDENT = "independent", "Independently verified"


class Source(models.TextChoices):
    """Public data sets the importers read."""

    LITELLM = "litellm", "LiteLLM model prices"
    MODELSDEV = "modelsdev", "models.dev"
