"""The control: the team's layer on the team's adapters with no bug (every seeded client is this
one with one method changed). Every proof passes with it."""

from .team import TeamApp

factory = TeamApp
