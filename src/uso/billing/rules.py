import rules

from uso.core.rules import is_contact, is_contact_of, is_coordinator

# The object of view_invoice is an Invoice (its municipality through the membership).


@rules.predicate
def invoice_of_own_municipality(user, invoice) -> bool:
    return invoice is not None and is_contact_of(user, invoice.membership)


rules.add_perm("billing.manage_billing", is_coordinator)
rules.add_perm("billing.list_invoices", is_coordinator | is_contact)
rules.add_perm("billing.view_invoice", is_coordinator | invoice_of_own_municipality)
