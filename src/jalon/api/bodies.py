"""JSON bodies of the right shape: an endpoint that takes an object refuses a list.

ninja's schemas read their fields as attributes of whatever they are given (so that they can
read a model instance), which makes ``[]`` a valid body with every field left out: a PATCH
would answer 200 and change nothing. :class:`jalon.api.middleware.RequestCheckMiddleware`
refuses bare values (``false``, ``3``) for every endpoint, but a list is what a few endpoints
take (``PUT …/predecessors``), so the shape is checked here, per endpoint, from its signature.
"""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params.models import BodyModel
from pydantic import BaseModel

from jalon.errors import ValidationFailed


class NotAnObject(ValidationFailed):
    """A JSON body that is not an object, sent to an endpoint that takes one."""

    code = "not_an_object"


def _takes_object(annotation: Any) -> bool:
    """Whether a body parameter typed ``annotation`` is an object (a schema, optional or not)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_takes_object(arg) for arg in get_args(annotation) if arg is not type(None))
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _objects_only(model: type[BodyModel], name: str) -> None:
    read = model.get_request_data

    def get_request_data(cls: type[BodyModel], request: HttpRequest, api: Any,
                         path_params: Any) -> Any:
        data = read(request, api, path_params)
        if data is not None and not isinstance(data.get(name), dict):
            raise NotAnObject(_("The request body must be a JSON object."))
        return data

    model.get_request_data = classmethod(get_request_data)  # type: ignore[method-assign,assignment]


def objects_only(router: Router) -> Router:
    """``router``, whose endpoints taking one object as their body refuse any other JSON value
    with a 400 problem ``not_an_object``."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            for model in operation.models:
                name = getattr(model, "__read_from_single_attr__", None)
                if (isinstance(model, type) and issubclass(model, BodyModel) and name
                        and _takes_object(model.model_fields[name].annotation)):
                    _objects_only(model, name)
    return router
