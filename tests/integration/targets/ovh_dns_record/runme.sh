#!/usr/bin/env bash
source ../setup_emulator/emulator.sh
ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=$(command -v python)" test.yml "$@"
