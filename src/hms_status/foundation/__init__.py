"""What every use case stands on: which components exist (registry) and the root being
worked on (workspace: settings, clock, the store opened on demand).

Below the services and docsync, above the collectors: the registry reads each component's
catalog-info.yaml through the confinement gateway and the catalog parser.
"""
