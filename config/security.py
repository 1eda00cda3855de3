"""Who must sign in with a second factor: everyone who sees confidential jury work.

Project-level glue (it reads both apps); accounts.security asks it through
settings.SECOND_FACTOR_POLICY.
"""

from awards.selectors import editions_organised_by
from evaluation.selectors import jury_editions_for_user


def requires_second_factor(user) -> bool:
    """Organisers of any edition and members of any jury (jurors, chairs, experts)."""
    return editions_organised_by(user).exists() or jury_editions_for_user(user).exists()
