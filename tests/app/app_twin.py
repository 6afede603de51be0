"""App factories for `--app module:factory`, the in-process twin of `authsession.app/1`.

`reference` is the world's own reference app behind a factory of a team's module; `flaky` is an
app whose own code throws on the first background fetch (a defect the world must report as an
app error, not crash on); `not_a_factory` is there to be refused.
"""

from __future__ import annotations

from authsession.world.policies import App, AppContext, ReferenceApp


def reference(ctx: AppContext) -> App:
    return ReferenceApp(ctx)


class FlakyApp(ReferenceApp):
    def request_work(self, label: str) -> None:
        raise KeyError("the app's own bug")


def flaky(ctx: AppContext) -> App:
    return FlakyApp(ctx)


not_a_factory = 42
