from alliancekg.cli import app

app()
