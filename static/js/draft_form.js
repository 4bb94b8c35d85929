/* The claim form: offer only the chosen member's plans, and only the chosen plan's
   conditions. Without this script every plan of the account and every condition of
   those plans is offered, and the server refuses a mismatch beside the field. */
(function () {
  "use strict";
  var member = document.getElementById("id_member");
  var plan = document.getElementById("id_plan");
  var condition = document.getElementById("id_condition_code");
  if (!member || !plan || !condition) {
    return;
  }

  function show(option, visible) {
    option.hidden = !visible;
    option.disabled = !visible;
  }

  function filterConditions() {
    var chosen = plan.value;
    var groups = condition.querySelectorAll("optgroup");
    Array.prototype.forEach.call(groups, function (group) {
      var any = false;
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        var visible = !chosen || option.getAttribute("data-plan") === chosen;
        show(option, visible);
        any = any || visible;
      });
      group.hidden = !any;
    });
    var selected = condition.options[condition.selectedIndex];
    if (selected && selected.disabled) {
      // A condition covered by two plans is listed under each: keep the chosen plan's.
      var value = selected.value;
      condition.value = "";
      Array.prototype.some.call(condition.options, function (option) {
        if (!option.disabled && option.value === value) {
          option.selected = true;
          return true;
        }
        return false;
      });
    }
  }

  function filterPlans() {
    var chosen = member.value;
    var visible = [];
    Array.prototype.forEach.call(plan.options, function (option) {
      if (!option.value) {
        return;
      }
      var members = (option.getAttribute("data-members") || "").split(" ");
      var ok = !chosen || members.indexOf(chosen) !== -1;
      show(option, ok);
      if (ok) {
        visible.push(option);
      }
    });
    var selected = plan.options[plan.selectedIndex];
    if (selected && selected.disabled) {
      plan.value = "";
    }
    if (!plan.value && visible.length === 1) {
      plan.value = visible[0].value;
    }
    filterConditions();
  }

  member.addEventListener("change", filterPlans);
  plan.addEventListener("change", filterConditions);
  filterPlans();
})();
