"""Official documents, one module or sub-package per kind, and the rendering, Tata Naskah Dinas context, QR and charts they share."""
