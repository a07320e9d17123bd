// The cases changelist's filters fold into a panel on a tablet or phone (900 px or less): the list comes first,
// and the panel opens with a tap on "Filters". On a wide screen the panel stays open beside it.
'use strict';
{
    const panel = document.getElementById('changelist-filter-panel');
    if (panel && window.matchMedia('(max-width: 900px)').matches) {
        panel.open = false;
    }
}
