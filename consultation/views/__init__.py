"""The consultant workspace: caseload, sites, children, cases and visits.

Consultants read and write their own work; supervisors (their team's) and program leads
(everything) read the same pages without the buttons, and any write they attempt is refused."""
