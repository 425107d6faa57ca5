"""PDFs: conversion with LibreOffice, the archive bundle, PAdES signing and verification, scans."""
