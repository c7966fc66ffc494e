"""One module per page: `router` (an APIRouter) and optional `NAV = (order, label, path)`."""
