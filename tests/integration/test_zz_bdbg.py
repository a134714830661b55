import test_servers_install as t
orig = t.test_servers_playbook
def test_dbg(ansible, emulator):
    servers = emulator.state.servers
    servers.step_seconds = 4
    emulator.clock_step = 1
    servers.next_outcome = ("customerError", "The image URL could not be downloaded", 2)
    run = ansible.run("servers_install.yml")
    import re
    i = run.stdout.rfind("TASK [")
    print(run.stdout[max(0,i-1500):i+3000])
    assert 0
