public enum V {}
