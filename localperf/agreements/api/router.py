"""The one router every room of the agreements API adds its endpoints to."""

from ninja import Router

router = Router(tags=["agreements"])
