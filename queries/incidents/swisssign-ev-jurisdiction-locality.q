# SwissSign-shaped incident: EV certificates for Swiss companies (registered
# in the cantonal commercial registers, i.e. at state level) that also carried
# jurisdictionLocalityName - below the registration level (EV Guidelines 9.2.4).
policy has 2.23.140.1.1
and subject.jurisdictionC = "CH"
and subject.jurisdictionL exists
