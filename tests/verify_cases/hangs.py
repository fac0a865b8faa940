"""Never finishes: verify must stop it at --timeout and say where it was."""

import time


def wait_for_data():
    while True:
        time.sleep(0.05)


wait_for_data()
