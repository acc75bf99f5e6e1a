from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    # No max_length: an over-long query is shortened and searched, with a note, rather than refused.
    q = forms.CharField(label=_("Search the site"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", autocomplete="off")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "search-form row g-2 align-items-end"
        self.helper.layout = Layout(
            Field("q", wrapper_class="col-sm-8"),
            Submit("", _("Search"), css_class="btn btn-primary col-sm-auto mb-3"),
        )
