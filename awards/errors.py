"""The one exception a service raises when the rules refuse what a person asked: both apps'
services raise it and both apps' views turn it into a message on the page."""


class ActionRefused(Exception):
    """A request the rules refuse; the message is written for the person who asked."""
