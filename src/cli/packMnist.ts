// Placeholder: replaced by the MNIST packer (tasks work).
