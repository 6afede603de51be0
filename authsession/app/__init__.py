"""`authsession.app/1`: the world drives an app process in any language over JSON Lines.

Owns nothing itself. `authsession.app.protocol` is the contract (every line both ways, as
pydantic models with JSON Schemas); `authsession.app.reference` is the Python reference speaking
it from the app's side (`authsession app`); `authsession.app.choice` reads the `--app` option of
`replay`, `simulate` and `explore`. The world's side (running the process, answering its
adapter calls from the world's simulators) is `authsession.world.app_process`.
Must not import the CLI.
"""
