from tests.members.conftest import _english_and_fast_passwords

__all__ = ["_english_and_fast_passwords"]
