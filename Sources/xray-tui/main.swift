print("xray-tui")
