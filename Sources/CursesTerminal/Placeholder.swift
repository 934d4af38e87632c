// The ncurses backend; see CursesTerminal.swift.
